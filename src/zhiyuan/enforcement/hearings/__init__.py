"""Enforcement hearings (执行听证): scheduling, notices, the record, the outcome and the public announcement."""
