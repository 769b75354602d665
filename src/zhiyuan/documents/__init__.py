"""Court documents as DOCX (python-docx): templates with ``{placeholder}`` fields that a court may replace
with its own (validated on upload), the shipped templates built in code, and rendering by replacing the
fields' text. Generic: the apps (performance's notices, enforcement's measures) declare their kinds,
fields and texts. Layer 0: imports only ``zhiyuan.law`` (its error type)."""
