"""Data files shipped with docpipe: the learned metadata scorer's weights (`docpipe.scoring`)."""
