"""The specialist agents a task can be handed to.

Roles are data, not an enum: a repository may rename labels, change charters or add roles in
`.github/coordinator.yml`, so nothing in the logic may switch on a particular slug.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class AgentRole(BaseModel):
    """One specialist: who owns which kind of work, and how to reach them."""

    model_config = ConfigDict(frozen=True)

    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: str
    display_name: str
    charter: str
    keywords: tuple[str, ...] = ()
    colour: str = "1d76db"
    assignees: tuple[str, ...] = ()
    mention: str | None = None


class RoleSet(BaseModel):
    """The roles in force for one repository, in a fixed order (the order breaks scoring ties)."""

    model_config = ConfigDict(frozen=True)

    roles: tuple[AgentRole, ...]

    def get(self, slug: str) -> AgentRole | None:
        return next((role for role in self.roles if role.slug == slug), None)

    def require(self, slug: str) -> AgentRole:
        role = self.get(slug)
        if role is None:
            raise KeyError(f"unknown agent role {slug!r}")
        return role

    @property
    def slugs(self) -> list[str]:
        return [role.slug for role in self.roles]


DEFAULT_ROLES = RoleSet(
    roles=(
        AgentRole(
            slug="cloud-primitives",
            label="agent:cloud-primitives",
            display_name="Cloud Primitives",
            charter=(
                "Owns infrastructure: cloud services, networking, security groups, queues, buckets, "
                "databases as provisioned resources, IAM and provisioning code."
            ),
            keywords=(
                "infrastructure", "cloud", "aws", "gcp", "azure", "terraform", "network", "vpc",
                "subnet", "security group", "iam", "provision", "bucket", "s3", "queue", "sqs",
                "kafka", "redis", "cache", "load balancer", "dns", "kubernetes cluster", "secret",
                "kms", "lambda", "storage", "database instance", "rds",
            ),
            colour="0052cc",
        ),
        AgentRole(
            slug="datatypes",
            label="agent:datatypes",
            display_name="Datatypes",
            charter=(
                "Owns the shape of data: data models, schemas, type definitions, data structures, "
                "migrations and serialisation formats."
            ),
            keywords=(
                "model", "schema", "type", "types", "dataclass", "struct", "field", "migration",
                "table", "column", "entity", "dto", "serializ", "serialis", "enum", "interface",
                "protobuf", "json schema", "pydantic", "orm", "data structure", "record",
            ),
            colour="5319e7",
        ),
        AgentRole(
            slug="feature-implementation",
            label="agent:feature-implementation",
            display_name="Feature Implementation",
            charter=(
                "Owns behaviour: business logic, API endpoints, the service layer, handlers and the "
                "glue between components."
            ),
            keywords=(
                "implement", "endpoint", "api", "handler", "service", "logic", "business", "route",
                "controller", "feature", "login", "logout", "register", "refund", "charge", "webhook",
                "middleware", "flow", "process", "transform", "job", "worker", "client", "integrate",
            ),
            colour="1d76db",
        ),
        AgentRole(
            slug="unit-testing",
            label="agent:unit-testing",
            display_name="Unit Testing",
            charter=(
                "Owns unit tests: test cases, fixtures, coverage and the test framework set-up for "
                "each component."
            ),
            keywords=(
                "unit test", "tests", "test case", "coverage", "pytest", "jest", "mock", "fixture",
                "assert", "test suite", "tdd", "unittest",
            ),
            colour="0e8a16",
        ),
        AgentRole(
            slug="deployment",
            label="agent:deployment",
            display_name="Deployment",
            charter=(
                "Owns delivery: CI/CD pipelines, deployment configuration, containers, environments, "
                "feature flags and release management."
            ),
            keywords=(
                "deploy", "ci", "cd", "pipeline", "release", "docker", "helm", "github actions",
                "workflow", "rollout", "rollback", "environment", "staging", "production", "canary",
                "feature flag", "container", "manifest",
            ),
            colour="d93f0b",
        ),
        AgentRole(
            slug="validation",
            label="agent:validation",
            display_name="Validation",
            charter=(
                "Owns proof that the whole works: integration tests, end-to-end validation, load and "
                "security checks, and quality gates before release."
            ),
            keywords=(
                "integration test", "end-to-end", "e2e", "validate", "validation", "verify",
                "quality", "smoke test", "load test", "acceptance test", "security review", "audit",
                "qa", "contract test",
            ),
            colour="fbca04",
        ),
    )
)
