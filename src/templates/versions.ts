/**
 * Pinned base images of the bundled Dockerfiles: exact version tags, never `latest`, so a rebuild
 * next month starts from the same layers. Templates read them as `it.images.<name>`.
 */
export const BASE_IMAGES = {
  node: "node:22.12.0-bookworm-slim",
  python: "python:3.12.8-slim-bookworm",
  frankenphp: "dunglas/frankenphp:1.3.6-php8.3-bookworm",
  composer: "composer:2.8.4",
} as const;

/** Pinned npm packages the Dockerfiles install globally (`it.packages.<name>`). */
export const NODE_PACKAGES = {
  serve: "serve@14.2.4",
} as const;

/**
 * Pinned versions of the Python packages in a FastAPI app's requirements.txt
 * (`it.python["<package>"]`). Database and cache drivers are listed only when the project has
 * that service.
 */
export const PYTHON_PACKAGES = {
  fastapi: "0.115.6",
  uvicorn: "0.34.0",
  pydantic: "2.10.4",
  "pydantic-settings": "2.7.0",
  "python-dotenv": "1.0.1",
  httpx: "0.28.1",
  sqlalchemy: "2.0.36",
  alembic: "1.14.0",
  psycopg: "3.2.3",
  pymysql: "1.1.1",
  motor: "3.6.0",
  redis: "5.2.1",
  "aio-pika": "9.5.4",
} as const;
