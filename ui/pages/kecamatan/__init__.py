"""The pages of a kecamatan's file (issue #15)."""
