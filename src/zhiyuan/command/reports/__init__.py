"""执行工作月报: the monthly enforcement report per court and for the province, as XLSX and DOCX."""
