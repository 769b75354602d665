"""The register of partner organizations and mediators (调解组织名册): pages, API and services."""
