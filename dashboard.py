"""Entry point: `streamlit run dashboard.py`. Page config, navigation over pages/, nothing else.

The database is prepared on first use (see pages/common.py): on a fresh machine the bundled
data in data/ is loaded into a SQLite file; `DATABASE_URL` selects PostgreSQL instead.
"""

import streamlit as st

st.set_page_config(page_title="Improvement trajectories", page_icon="📈", layout="wide")

navigation = st.navigation([
    st.Page("pages/authority.py", title="Authority trajectory", url_path="authority", default=True),
])
navigation.run()
