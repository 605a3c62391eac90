"""events: the change feed behind /api/events and the webhook.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("events",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("at", sa.DateTime(), nullable=False),
                    sa.Column("kind", sa.String(length=50), nullable=False),
                    sa.Column("office", sa.String(length=200), nullable=False),
                    sa.Column("document_id", sa.Integer(), nullable=True),
                    sa.Column("data", sa.JSON(), nullable=False),
                    sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_events_office_id", "events", ["office", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_events_office_id", table_name="events")
    op.drop_table("events")
