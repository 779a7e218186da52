# runtime/: AWS client and deploy watcher. Appends to the variables
# initialised in Makefile.am.
noinst_LTLIBRARIES += runtime/libphxrt.la
runtime_libphxrt_la_SOURCES = \
	runtime/rt_cli.c \
	$(NULL)
runtime_libphxrt_la_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(CRYPTO_CFLAGS) $(EXPAT_CFLAGS) $(JANSSON_CFLAGS)
runtime_libphxrt_la_LIBADD = $(CURL_LIBS) $(CRYPTO_LIBS) $(EXPAT_LIBS)
phxc_LDADD += runtime/libphxrt.la
