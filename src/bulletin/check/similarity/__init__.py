"""Near-duplicate detection: is an item a resubmitted near-copy of another?"""
