"""curriculum: week-by-week reading plans through a prerequisite graph of books."""

__version__ = "0.1.0"
