# runtime/: AWS client and deploy watcher. Appends to the variables
# initialised in Makefile.am.
noinst_LTLIBRARIES += runtime/libphxrt.la
runtime_libphxrt_la_SOURCES = \
	runtime/rt_cli.c \
	$(NULL)
runtime_libphxrt_la_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS) $(CRYPTO_CFLAGS) $(EXPAT_CFLAGS) $(JANSSON_CFLAGS)
runtime_libphxrt_la_LIBADD = $(CURL_LIBS) $(CRYPTO_LIBS) $(EXPAT_LIBS)

# The deploy commands live in a module, phxrt.so, installed in $(pkglibdir)
# and dlopened by phxc only for deploy, diff, status, outputs, destroy and
# recover (compiler/rt_load.c): compile commands never load libcurl, OpenSSL
# or expat. The module carries its own copy of libphxc and exports one symbol.
pkglib_LTLIBRARIES = runtime/phxrt.la
runtime_phxrt_la_SOURCES = runtime/rt_module.c
runtime_phxrt_la_CFLAGS = $(AM_CFLAGS)
runtime_phxrt_la_LDFLAGS = -module -avoid-version -shared -rpath $(pkglibdir) \
	-export-symbols-regex '^phx_rt_module$$'
runtime_phxrt_la_LIBADD = runtime/libphxrt.la compiler/libphxc.la

runtime_libphxrt_la_SOURCES += \
	runtime/sigv4.c runtime/sigv4.h \
	$(NULL)

# SigV4 against botocore: the test runs tests/unit/sigv4_vectors.py.
check_PROGRAMS += tests/unit/sigv4_test
tests_unit_sigv4_test_SOURCES = tests/unit/sigv4_test.c
tests_unit_sigv4_test_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_sigv4_test_LDADD = runtime/libphxrt.la compiler/libphxc.la $(JANSSON_LIBS)
TESTS += tests/unit/sigv4_test
EXTRA_DIST += tests/unit/sigv4_vectors.py
runtime_libphxrt_la_SOURCES += \
	runtime/creds.c runtime/creds.h \
	$(NULL)
runtime_libphxrt_la_SOURCES += \
	runtime/xml.c runtime/xml.h \
	$(NULL)
runtime_libphxrt_la_SOURCES += \
	runtime/rt_clock.c runtime/rt_clock.h \
	runtime/http.c runtime/http.h \
	$(NULL)
runtime_libphxrt_la_SOURCES += \
	runtime/cfn.c runtime/cfn.h \
	$(NULL)
runtime_libphxrt_la_SOURCES += \
	runtime/s3.c runtime/s3.h \
	$(NULL)
runtime_libphxrt_la_SOURCES += \
	runtime/deploy.c runtime/deploy.h runtime/deploy_watch.c \
	runtime/deploy_int.h runtime/deploy_stacks.c \
	runtime/deploy_exports.c runtime/deploy_exports.h runtime/deploy_recover.c \
	runtime/deploy_regions.c runtime/deploy_regions.h runtime/rt_child.c runtime/rt_child.h \
	$(NULL)
runtime_libphxrt_la_LIBADD += $(JANSSON_LIBS)

# Deploy tests against moto_server on 127.0.0.1 (tests/deploy/moto.sh).
TESTS += tests/deploy/deploy.test tests/deploy/stacks.test
EXTRA_DIST += tests/deploy/deploy.test tests/deploy/moto.sh tests/deploy/stacks.test \
	tests/deploy/stacks tests/deploy/moto_exports.py tests/deploy/stacks_bench.sh
TESTS += tests/deploy/exports.test
EXTRA_DIST += tests/deploy/exports.test tests/deploy/exports
TESTS += tests/deploy/scripted.test
EXTRA_DIST += tests/deploy/scripted.test tests/deploy/fake_cfn.py
TESTS += tests/deploy/faulty.test
EXTRA_DIST += tests/deploy/faulty.test
# One program in two regions, on one moto_server (runtime/deploy_regions.c).
TESTS += tests/deploy/regions.test
EXTRA_DIST += tests/deploy/regions.test
