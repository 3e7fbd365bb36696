"""The kecamatan's consolidation database: identity, villages, packages received, the matrix, the
dashboard, people counted twice and the documents that go upward (issue #15)."""
