"""Property-based fuzzing of every API operation from its own OpenAPI document."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.mark.django_db
@pytest.mark.usefixtures("wsgi_keeps_the_test_transaction")
@schema.parametrize()
@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_no_operation_errors_or_breaks_its_schema_whatever_it_is_sent(case, api_content):
    response = case.call_and_validate()
    assert response.status_code < 500
