"""Records: the plain, frozen objects that cross the layers.

Services return them, reports draw them, exporters write them and the window shows them. They know
nothing of the database, of Qt or of files; only the domain rules sit below them.
"""
