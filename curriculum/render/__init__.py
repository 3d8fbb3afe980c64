"""Renderings of a plan for people: HTML, PDF, Markdown, iCalendar and the SVG pictures.

:mod:`.model` turns a plan into plain view data; every format renders from that view, so
they all say the same thing. No module here prints, exits or imports click.
"""
