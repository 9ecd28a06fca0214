"""Evaluation against public benchmarks (``storyline eval ...``): one module per benchmark, each with an
``evaluate(...) -> dict`` whose keys are the metric names the issues use."""
