"""story.json: the whole analysis as plain JSON (schema: docs/story.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from storyline.model import Actor, Citation, Doc, Entity, Story

SCHEMA_VERSION = "0.1"


def cite(story: Story, citation: Citation) -> dict[str, Any]:
    return {"article": citation.article, "start": citation.span.start, "end": citation.span.end,
            "text": story.cited_text(citation)}


def article_dict(doc: Doc) -> dict[str, Any]:
    published = doc.published
    return {
        "id": doc.id,
        "source": doc.article.source,
        "sources": list(doc.sources),
        "title": doc.title,
        "outlet": doc.outlet,
        "byline": doc.byline,
        "url": doc.article.url,
        "dateline": doc.dateline,
        "published": published.when.iso() if published else None,
        "published_granularity": published.when.granularity if published else None,
        "published_how": published.how if published else None,
        "published_confidence": published.confidence if published else None,
        "published_reason": published.reason if published else None,
        "language": doc.language,
        "text": doc.text,
        "sentences": [{"start": s.span.start, "end": s.span.end, "date": s.when.iso() if s.when else None,
                       "granularity": s.when.granularity if s.when else None, "date_how": s.when_how,
                       "date_confidence": s.when_confidence if s.when else None}
                      for s in doc.sentences],
        "timexes": [{"start": t.span.start, "end": t.span.end, "text": t.span.text_of(doc.text), "type": t.type,
                     "value": t.value, "anchor": t.anchor, "mod": t.mod} for t in doc.timexes],
        "removed": [{"kind": r.kind, "text": r.text} for r in doc.removed],
        "notes": list(doc.notes),
    }


def to_dict(story: Story) -> dict[str, Any]:
    quotes = [
        {"text": q.span.text_of(doc.text), "speaker": q.speaker, "speaker_id": _id(story.entity_named(q.speaker)),
         # every speaker when several said it together ("A and B said"); group by these, not by speaker
         "speakers": list(q.all_speakers), "speaker_ids": [_id(story.entity_named(n)) for n in q.all_speakers],
         "cue": q.cue, "kind": q.kind, "article": doc.id, "start": q.span.start, "end": q.span.end,
         # the date of the quote's sentence (set by the dates stage), else the article's
         "date": next((s.when.iso() for s in doc.sentences if s.when and s.span.start <= q.span.start < s.span.end),
                      doc.published.when.iso() if doc.published else None)}
        for doc in story.docs for q in doc.quotes
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": [article_dict(doc) for doc in story.docs],
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases), "mentions": len(e.mentions),
             "articles": list(e.articles),
             "spans": [{"article": c.article, "start": c.span.start, "end": c.span.end} for c in e.mentions]}
            for e in story.entities
        ],
        "quotes": quotes,
        "timeline": [
            {"date": t.when.iso(), "granularity": t.when.granularity,
             "summary": " ".join(story.cited_text(c) for c in t.sentences),
             "sentences": [cite(story, c) for c in t.sentences],
             "support": [cite(story, c) for c in t.support],
             "articles": list(t.articles),
             "weak_dates": [_weak(story, a) for a in t.weak_dates]}
            for t in story.timeline
        ],
        "summary": [
            {"text": story.cited_text(s.sources[0]), "sources": [cite(story, c) for c in s.sources],
             "articles": list(dict.fromkeys(c.article for c in s.sources))}
            for s in story.summary
        ],
        "claims": [
            {"text": story.cited_text(c.sources[0]), "articles": list(dict.fromkeys(x.article for x in c.sources)),
             "sources": [cite(story, x) for x in c.sources], "support": c.support,
             "unknown_outlets": c.unknown_outlets, "disputed": c.disputed,
             "disputed_by": [cite(story, x) for x in c.disputed_by]}
            for c in story.claims
        ],
        "events": [
            {"date": e.when.iso() if e.when else None, "date_how": e.when_how,
             "date_confidence": e.when_confidence if e.when else None, "source": _actor(e.source),
             "target": _actor(e.target) if e.target else None, "code": e.code, "mode": e.mode,
             "intensity": e.intensity, "status": e.status, **cite(story, e.citation)}
            for e in story.events
        ],
        "relations": [
            {"actors": list(r.actors),
             "series": [{"period": p.period, "score": p.score, "events": list(p.events)} for p in r.series]}
            for r in story.relations
        ],
        "skipped": [{"source": s.source, "reason": s.reason} for s in story.skipped],
        "failures": [{"article": f.article_id, "stage": f.stage, "error": f.error} for f in story.failures],
    }


def _weak(story: Story, article_id: str) -> dict[str, Any]:
    """An article whose weakly known date placed a timeline sentence: its date, confidence and reason."""
    published = story.doc(article_id).published
    return {"article": article_id, "published": published.when.iso() if published else None,
            "confidence": published.confidence if published else None,
            "reason": published.reason if published else None}


def _actor(actor: Actor) -> dict[str, Any]:
    return {"name": actor.name, "country": actor.country, "sector": actor.sector, "text": actor.text}


def _id(entity: Entity | None) -> str | None:
    return entity.id if entity else None


def render(story: Story) -> str:
    return json.dumps(to_dict(story), ensure_ascii=False, indent=2) + "\n"
