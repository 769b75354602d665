"""Front-end governance: delegated mediation, intake suggestions, agreements, the partner API."""
