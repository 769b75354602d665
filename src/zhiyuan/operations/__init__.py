"""What a court's IT department runs: backups and their verified restore."""
