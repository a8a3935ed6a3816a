"""The book's benchmarks. Run ``python -m benchmarks`` (or ``make bench``); see README."""
