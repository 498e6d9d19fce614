"""The dashboard's shared UI code, one job per module (Streamlit only here, in `dashboard.py` and in
`pages/`; this package is not a folder of pages):

- `ui.engine`: the database engine, prepared once per process, and the caches keyed by the data's
  version (`cached`, `shared`).
- `ui.data`: the cached queries and the pages' views (`trajectories.views`), loaded through them.
- `ui.urlstate`: the shared filters and a page's own choices, kept in the URL and in the session.
- `ui.sidebar`: a page's set-up: its configuration, the list of pages and the shared filters.
- `ui.render`: drawing helpers: words shown literally, charts, findings, downloads.
- `ui.tables`: the frames behind the tables a page shows, with headers and values in words.

Importing any of them changes nothing in the process: the work is done when a page calls them.
"""
