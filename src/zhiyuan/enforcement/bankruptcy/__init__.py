"""Transfer to bankruptcy (执转破): the screening list of enterprise debtors whose enforcement is stuck."""
