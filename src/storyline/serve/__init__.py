"""The HTTP API and the web page over a corpus store (FastAPI under uvicorn): a thin edge, like cli.py
and api.py."""
