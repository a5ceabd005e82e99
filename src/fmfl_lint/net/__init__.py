"""The network layer: it knows URLs and HTTP, nothing about lists or their markup.

Nothing is imported here, so reading :mod:`net.result` does not load the HTTP stack.
"""
