"""Writes behind the management-information pages; each records an audit event."""
