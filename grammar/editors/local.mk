# fragment: appends to the variables initialised in Makefile.am
