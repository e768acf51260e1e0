"""Checks that a compose file parses and has the services, healthcheck and volume it needs."""
import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as f:
    doc = yaml.safe_load(f)
services = doc["services"]
assert {"app", "postgres"} <= services.keys(), services.keys()
assert "healthcheck" in services["postgres"], "postgres needs a healthcheck"
assert services["app"]["depends_on"]["postgres"]["condition"] == "service_healthy"
assert "volumes" in doc and doc["volumes"], "a named volume keeps the data"
print("docker-compose.yml: ok")
