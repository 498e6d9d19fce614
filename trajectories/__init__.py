"""Local authority improvement trajectories: the core package.

Everything a page, an export or the command line needs lives here and imports
without Streamlit. Data flows one way: loaders -> normalise (scale, themes) ->
store -> queries -> analytics -> charts / exports.
"""

__version__ = "0.1.0"
