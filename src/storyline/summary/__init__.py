"""The summary's helpers: the candidate sentences (``candidates``) the summarize and claims stages share."""
