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
    # Verbs that name this role's work only when they open the title: "Check in production that …" is a
    # verification, "balance check" or "health checks" are not.
    lead_verbs: tuple[str, ...] = ()
    # Work that goes along with any other ("Documentation & Deployment" is a release with its docs): these words
    # name the work when the title names no other kind, and count for less when it does.
    side_keywords: tuple[str, ...] = ()
    # Words that name this role's work only as written, never stemmed: a plural noun whose stem is another word
    # ("records" are data, "Record audit events" is not).
    exact_keywords: tuple[str, ...] = ()
    # Keywords that are everyday verbs too: opening a title they name this role's work only with no object or a
    # definite one ("Release to staging", "Launch the booking site"), not with the product's own things ("Release
    # unpaid holds", "Publish each puzzle at midnight").
    everyday_verbs: tuple[str, ...] = ()
    # Phrases that hold one of this role's keywords in an everyday sense and name no work of its own: the weather's
    # "cloud cover" or "cloud forecast" is no cloud. They claim their words, so the keyword inside does not match.
    other_senses: tuple[str, ...] = ()
    # Files this role's work lands in (regular expressions searched in a path named in the task, case-insensitive):
    # `migrations/0007.sql`, `.github/workflows/ci.yml` or `terraform/` say where the work is done.
    paths: tuple[str, ...] = ()
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
                "Owns provisioned infrastructure: cloud accounts and services, networking (VPC, subnets, security "
                "groups, DNS, load balancers, CDN), buckets, queues and topics, database and cache instances, secret "
                "stores, KMS, IAM, and the Terraform or similar that provisions them."
            ),
            keywords=(
                "infrastructure", "infra", "cloud", "aws", "gcp", "azure", "terraform", "pulumi", "cloudformation",
                "cdk", "bicep", "network", "vpc", "subnet", "nat gateway", "security group", "firewall", "waf",
                "iam", "service account", "least privilege", "managed identity", "provision", "bucket", "s3", "gcs",
                "blob storage", "object storage", "queue", "sqs", "sns", "pub sub", "pubsub", "service bus",
                "kinesis", "firehose", "kafka", "topic", "redis", "elasticache", "memcached", "load balancer", "cdn",
                "cloudfront", "dns", "route 53", "hosted zone", "tls certificate", "static ip", "cluster",
                "node pool", "node group", "eks", "gke", "aks", "secret", "secrets manager", "key vault", "kms",
                "lambda", "database instance", "read replica", "rds", "cloud sql", "aurora", "dynamodb", "bigquery",
                "opensearch", "cloudwatch", "alarm", "flow logs", "remote state", "api gateway", "ecr", "ecs", "ec2",
                "elastic ip", "cloudtrail", "backup", "alerting rule", "alertmanager", "alert rule", "certificate",
                "billing alert", "cost alert", "budget alert", "dns record", "dkim", "spf",
                # a key or password kept in a secret store, and who may read it, is provisioned, not coded
                "secret manager", "parameter store", "vault", "signing key", "signing secret", "read access",
                "write access", "task role", "iam role",
                "managed postgres", "managed mysql", "managed database", "vpn", "tunnel",
                # an Azure storage account's container holds blobs; it is no Docker container
                "blob container", "storage container",
            ),
            other_senses=("cloud cover", "cloud forecast", "cloud base", "cloud layer",
                          "cloud ceiling"),
            paths=(r"(?:^|/)(?:terraform|infra|infrastructure|cdk|pulumi|cloudformation)/", r"\.tf(?:vars)?$"),
            colour="0052cc",
        ),
        AgentRole(
            slug="datatypes",
            label="agent:datatypes",
            display_name="Datatypes",
            charter=(
                "Owns the shape of data: data models, database schemas and migrations, type definitions, interfaces "
                "and contracts, data structures, enums and serialisation formats."
            ),
            keywords=(
                "model", "data model", "schema", "type", "types", "typed", "type definition", "dataclass",
                "data class", "struct", "field", "column", "migration", "table", "entity", "dto", "serializ",
                "serialis", "deserializ", "enum", "interface", "protobuf", "proto", "avro", "parquet", "json schema",
                "zod", "prisma", "pydantic", "orm", "sqlalchemy", "alembic", "data structure", "value object",
                "union", "contract", "foreign key", "unique constraint", "nullable", "indices",
                "index on", "indexes on", "unique index", "composite index", "partial index", "database index",
                "index mapping", "index template", "backfill", "abstraction",
                # a format data is written in, and the package that shares the types
                "record format", "message format", "file format", "wire format", "data format", "event format",
                "types package", "type package", "openapi", "swagger", "dba",
            ),
            exact_keywords=("records",),
            paths=(r"(?:^|/)migrations?/", r"\.(?:sql|prisma|proto|avsc)$",
                   r"(?:^|/)(?:models?|schemas?|types|entities|dtos?|serializers?)(?:/|\.\w+$)", r"\.d\.ts$"),
            colour="5319e7",
        ),
        AgentRole(
            slug="feature-implementation",
            label="agent:feature-implementation",
            display_name="Feature Implementation",
            charter=(
                "Owns behaviour: business logic, API endpoints, the service layer, handlers, the user interface, "
                "integrations with other services, input validation, and the docs of a feature."
            ),
            keywords=(
                "endpoint", "api", "handler", "service", "logic", "business", "route", "controller", "feature",
                "login", "logout", "signup", "sign up", "sign in", "log in", "auth", "authentication", "authorization",
                "oauth", "refund", "charge", "checkout", "webhook", "middleware", "flow", "process", "transform",
                "job", "worker", "client", "integrate", "wire", "hook", "ui", "user interface", "frontend",
                "backend", "page", "screen", "layout", "css", "admin interface", "web interface", "style",
                "tailwind", "animation", "loading state", "state management", "adapter", "view", "component",
                "button", "modal", "dialog", "form", "widget", "toggle", "dashboard", "cli", "command",
                "notification", "email",
                "search", "filter", "pagination", "sort", "export", "upload", "download", "sdk", "plugin",
                "settings", "input validation", "request validation", "form validation", "validation logic",
                "validation rules", "handle", "support", "expose", "render", "display", "send", "stream", "sync",
                "cache", "integration", "consumer", "parser", "algorithm", "retry", "rate limit", "localization",
                "i18n", "translation", "logging", "navigation", "menu", "notify", "describe", "audit log", "form field",
                "validate input", "query validation", "parameter validation", "payload validation", "loader",
                "detection", "detector", "signature verification", "signature check", "diagnostics", "quick fix",
                "write path", "read path", "signing", "updater",
                "panel", "board", "calendar", "portal", "pdf", "audit trail", "audit history",
                # a queue people work through is a screen, not a message queue
                "review queue", "triage queue", "approval queue", "moderation queue",
            ),
            # "Certificate expiry reminders" are messages the product sends, whatever they remind of; a "reminder job"
            # or "Reminder timing: edge cases" names other work
            exact_keywords=("reminders",),
            # "Register exhibitors" signs people up; a "qualification register" is a record of things, not sign-up
            lead_verbs=("call", "invoke", "emit", "register"),
            side_keywords=("document", "documentation", "docs", "readme", "user guide", "migration guide", "guide",
                           "tutorial"),
            colour="1d76db",
        ),
        AgentRole(
            slug="unit-testing",
            label="agent:unit-testing",
            display_name="Unit Testing",
            charter=(
                "Owns unit tests: test cases for one component, fixtures, mocks and test helpers, coverage and the "
                "test set-up."
            ),
            keywords=(
                "unit test", "tests", "test case", "add tests", "add test", "write tests", "write test",
                "coverage", "pytest", "jest", "vitest", "mocha", "junit", "xunit",
                "xctest", "rspec", "mock", "stub", "fake", "fixture", "conftest", "assert", "test suite", "tdd",
                "unittest", "test helper", "test factory", "test util", "snapshot test", "table driven",
                "property based", "hypothesis", "regression test", "flaky", "parametrize", "xdist", "addopts",
                "edge case", "test config", "testing library", "component test",
                # spec-kit's "Contract test POST /users in tests/contract/…": one endpoint against its schema
                "contract test get", "contract test post", "contract test put", "contract test patch",
                "contract test delete", "contract test for get", "contract test for post", "contract test for put",
                "contract test for patch", "contract test for delete",
            ),
            paths=(r"(?:^|/)(?:tests?|__tests__|spec)/", r"(?:^|/)test_\w+\.py$", r"_test\.(?:py|go)$",
                   r"\.(?:test|spec)\.[jt]sx?$", r"(?:^|/)conftest\.py$"),
            lead_verbs=("cover",),  # "Cover the exporter with tests"
            colour="0e8a16",
        ),
        AgentRole(
            slug="deployment",
            label="agent:deployment",
            display_name="Deployment",
            charter=(
                "Owns delivery: CI/CD pipelines, Makefiles and wrapper scripts, containers, environments and the "
                "local dev stack, deployment manifests, feature flags, releases, issue templates and other repo "
                "tooling."
            ),
            keywords=(
                "deploy", "ci", "cd", "pipeline", "release", "docker", "dockerize", "dockerise", "dockerfile",
                "docker compose", "container",
                "containerize", "containerise", "helm", "kubernetes manifest", "manifest", "github actions",
                # a workflow is delivery only when CI, a release or a deploy names it ("CI workflow"); a status or
                # approval workflow is the product's state machine
                "rollout", "roll out", "rollback", "roll back", "environment", "env", "staging", "production", "canary",
                "blue green", "feature flag", "makefile", "justfile", "build script", "wrapper script",
                "build tooling", "build process", "version bump", "bump", "changelog", "publish", "ship", "promote",
                "beta build", "nightly build", "release build", "debug build", "signed build", "release notes",
                "argo", "vercel", "netlify", "heroku", "dependabot", "renovate", "pre commit",
                "devcontainer",
                "dev container", "issue template", "pull request template", "project setup", "infrastructure setup",
                "dev environment", "local development", "install", "bootstrap", "gitlab ci", "jenkins",
                "jenkinsfile", "circleci", "artifact", "runbook", "package", "bundle", "branch protection",
                "orchestration", "scaffold",
                "service skeleton", "app skeleton", "application skeleton", "eslint", "prettier", "husky",
                "versioning", "status check", "aws cli",
                "azure cli", "tsconfig", "pyproject", "npm init", "cutover", "cut over", "lock file", "lockfile",
                "test matrix", "build matrix", "ci job", "ci step", "ci cache",
                "dependencies", "project structure", "project layout", "module layout",
                "directory layout", "folder structure",
                "lint config", "linter config", "linting config", "code formatter", "golangci", "gofmt", "rustfmt",
                "clang format", "ruff", "flake8", "rubocop", "stylelint", "configuration profile",
                "config profile", "slurm", "turn off", "switch off", "decommission",
                # where and when a job runs is delivery; what it does is feature work
                "devops", "release engineering",
                "cronjob", "cron job", "dag", "dags", "scheduled task", "kubernetes", "k8s", "airflow",
                # a launch is a release said in product words
                "go live", "launch",
            ),
            exact_keywords=("builds", "binaries"),  # "Ship binaries for Linux", "Nightly builds"; "Build the page" not
            everyday_verbs=("release", "ship", "publish", "promote", "launch", "bump"),
            paths=(r"(?:^|/)\.github/workflows/",
                   r"(?:^|/)(?:dockerfile|docker-compose[\w.-]*|makefile|justfile|jenkinsfile)$",
                   r"(?:^|/)\.gitlab-ci\.yml$", r"(?:^|/)(?:helm|charts|k8s|manifests|deploy)/", r"(?:^|/)\.golangci",
                   r"(?:^|/)(?:pyproject\.toml|package\.json|go\.mod|cargo\.toml|\.pre-commit-config\.yaml)$"),
            colour="d93f0b",
        ),
        AgentRole(
            slug="validation",
            label="agent:validation",
            display_name="Validation",
            charter=(
                "Owns proof that the whole works: integration, end-to-end and manual verification, load, security and"
                " compatibility testing, spikes, clarifying questions and review gates, the lint-and-finalize run and"
                " QA sign-off before release."
            ),
            keywords=(
                "integration test", "end to end", "end to end test", "e2e", "e2e test", "validate", "verify",
                "verification", "quality", "quality assurance", "qa", "smoke test", "load test", "performance test",
                "stress test", "benchmark", "acceptance test", "uat", "security review", "security test",
                "penetration", "pen test", "pentest", "audit", "contract test",
                "consumer driven", "pact", "manual test", "manual check", "manual qa", "manually", "spike", "clarify",
                "clarification", "sign off", "review", "gate", "lint", "postman", "journey", "user flow",
                "checkpoint", "installation", "device", "responsive", "type check", "evaluate", "accessibility",
                "cross browser", "cross version", "compatibility", "playwright", "cypress", "selenium", "k6",
                "playwright test", "cypress test", "selenium test",  # a browser tool's tests are end to end
                "locust", "testcontainers", "confirm", "reproduce", "walkthrough", "walk through",
                "checklist", "real device", "game day", "chaos", "drill", "pilot", "reconcil",
                "reconciliation", "explore", "investigate",
                "side by side", "performance check", "shadow traffic", "shadow mode", "comparison", "exploratory",
                "validation command", "soak", "soak test", "endurance test", "sanity check",
                # a practice run of the real thing, with people or traffic, proves it works
                "rehearsal", "trial", "field trial", "trial run", "research",
            ),
            exact_keywords=("test",),  # "Test the flow end to end"; "tests" and "testing" are unit tests
            # "Shadow a dispatcher for a morning", "Observe three check-ins": watching the real work is a check
            lead_verbs=("check", "try", "dry run", "compare", "measure", "prototype", "shadow", "observe"),
            paths=(r"(?:^|/)(?:e2e|playwright|cypress|k6)/", r"(?:^|/)tests?/(?:integration|e2e|smoke|load)/",
                   r"\.e2e\."),
            colour="fbca04",
        ),
    )
)
