"""The command-center overview: indicators, the court tree and drill-down."""
