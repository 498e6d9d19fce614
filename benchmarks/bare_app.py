"""The floor for the page benchmark: a bare Streamlit page with one plotly chart and one filter."""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(layout="wide")
st.title("Bare page")
choice = st.selectbox("Series", ["a", "b"], key="series")
ys = [1, 3, 2, 4] if choice == "a" else [4, 2, 3, 1]
st.plotly_chart(
    go.Figure(go.Scatter(x=[1, 2, 3, 4], y=ys, line=dict(shape="hv")), layout=dict(title=f"Series {choice}"))
)
