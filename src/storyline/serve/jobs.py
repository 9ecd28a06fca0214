"""The job table: work handed to one worker thread (the pipeline's models load once per process and are
not shared between threads at once), at most ``max_jobs`` running or queued, each finished job's result
kept ``ttl`` seconds and then removed."""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from storyline.errors import ConfigError, InputError, StorylineError

log = logging.getLogger("storyline.serve")

KEPT = 200  # finished jobs kept at most (the oldest go first, even within their TTL): bounds the memory results take
Advance = Callable[[int], None]
Work = Callable[[Advance], dict[str, Any]]


class Busy(Exception):
    """As many jobs as allowed are running or queued."""


@dataclass
class Job:
    id: str
    kind: str
    total: int
    done: int = 0
    status: str = "queued"
    result: dict[str, Any] | None = None
    error: tuple[str, str] | None = None  # (code, message)
    finished_at: float | None = None
    future: Future[None] | None = field(default=None, repr=False)


class Jobs:
    def __init__(self, *, max_jobs: int, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_jobs = max_jobs
        self.ttl = ttl
        self.clock = clock
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storyline-job")

    def submit(self, kind: str, total: int, work: Work) -> Job:
        """Queue ``work``; raises Busy when ``max_jobs`` are running or queued."""
        with self._lock:
            self._expire()
            if sum(j.finished_at is None for j in self._jobs.values()) >= self.max_jobs:
                raise Busy(f"{self.max_jobs} job(s) are running or queued (serve.max_jobs); try again later.")
            job = Job(secrets.token_urlsafe(12), kind, total)
            self._jobs[job.id] = job
        job.future = self._pool.submit(self._run, job, work)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            self._expire()
            return self._jobs.get(job_id)

    def wait(self, job: Job, seconds: float) -> bool:
        """Whether the job finished within ``seconds``."""
        assert job.future is not None  # set by submit
        try:
            job.future.result(timeout=seconds)
        except TimeoutError:
            return False
        return True

    def expires_in(self, job: Job) -> float | None:
        return None if job.finished_at is None else max(0.0, job.finished_at + self.ttl - self.clock())

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, job: Job, work: Work) -> None:
        job.status = "running"

        def advance(n: int) -> None:
            job.done = min(job.total, job.done + n)

        try:
            job.result = work(advance)
            job.done, job.status = job.total, "done"
        except (InputError, ConfigError) as e:
            job.error, job.status = ("bad_input", str(e)), "failed"
        except StorylineError as e:  # the store cannot be used (serve/app.py: its messages name no path)
            job.error, job.status = ("unavailable", str(e)), "failed"
        except Exception:  # a job's failure must not end the worker; logged here, never sent to the client
            log.exception("job %s (%s) failed", job.id, job.kind)
            job.error, job.status = ("internal", "The job failed on the server; its log has the details."), "failed"
        finally:
            job.finished_at = self.clock()

    def _expire(self) -> None:
        now = self.clock()
        finished = sorted((j for j in self._jobs.values() if j.finished_at is not None),
                          key=lambda j: j.finished_at or 0.0)
        for i, job in enumerate(finished):
            if now - (job.finished_at or 0.0) > self.ttl or i < len(finished) - KEPT:
                del self._jobs[job.id]
