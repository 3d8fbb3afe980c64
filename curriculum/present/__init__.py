"""The presentation layer: every way curriculum shows a plan, the graph and the catalog.

:mod:`.registry` names every output format once; the `--format` choices, help and docs come
from it. Plan formats render a :class:`.job.PlanJob`, mostly through its one view model
(:mod:`.view`); the words they share (hours, dates, chapter runs) are in :mod:`.text`, the notes
around the weeks in :mod:`.notes`. :mod:`.outputs` writes the chosen files. The catalog
commands' text and data are in :mod:`.listings` and :mod:`.explain_text`.

No module here prints, exits or imports click; the core never imports this package.
"""
