"""point statuses: each feedback point's tracked status, evidence and promised date.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("point_statuses",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("inspection_id", sa.Integer(), nullable=False),
                    sa.Column("item_key", sa.String(length=20), nullable=False),
                    sa.Column("status", sa.String(length=20), nullable=False),
                    sa.Column("evidence", sa.JSON(), nullable=False),
                    sa.Column("promised_by", sa.Date(), nullable=True),
                    sa.Column("promise_text", sa.Text(), nullable=True),
                    sa.Column("rectification_ids", sa.JSON(), nullable=False),
                    sa.Column("updated", sa.DateTime(), nullable=False),
                    sa.ForeignKeyConstraint(["inspection_id"], ["documents.id"], ondelete="CASCADE"),
                    sa.PrimaryKeyConstraint("id"),
                    sa.UniqueConstraint("inspection_id", "item_key", name="uq_point_statuses_inspection_item"))
    op.create_index("ix_point_statuses_status_promised", "point_statuses", ["status", "promised_by"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_point_statuses_status_promised", table_name="point_statuses")
    op.drop_table("point_statuses")
