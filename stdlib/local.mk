# stdlib/: the standard library of .phx components, installed under
# $(pkgdatadir)/stdlib (import "aws/network" finds stdlib/aws/network.phx).
nobase_dist_stdlib_DATA += \
	stdlib/aws/alerts.phx \
	stdlib/aws/aurora.phx \
	stdlib/aws/autoscaling.phx \
	stdlib/aws/backup.phx \
	stdlib/aws/cluster.phx \
	stdlib/aws/discovery.phx \
	stdlib/aws/dns.phx \
	stdlib/aws/documentdb.phx \
	stdlib/aws/ec2_service.phx \
	stdlib/aws/network.phx \
	stdlib/aws/pipeline.phx \
	stdlib/aws/rds.phx \
	stdlib/aws/registry.phx \
	stdlib/aws/security_group.phx \
	stdlib/aws/waf.phx \
	stdlib/aws/web_service.phx \
	$(NULL)

TESTS += tests/stdlib.test
EXTRA_DIST += tests/stdlib.test tests/lang-bugs.md
