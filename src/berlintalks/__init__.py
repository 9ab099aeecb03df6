"""berlintalks: cited answers about the Berlin Ukraine-Russia peace talks from a curated claim store."""

__version__ = "0.1.0"
