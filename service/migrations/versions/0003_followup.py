"""follow-up: due dates of answers and the pairing of rectification reports with what they answer.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("due_date", sa.Date(), nullable=True))
    op.add_column("documents", sa.Column("answers_id", sa.Integer(), nullable=True))
    op.add_column("documents", sa.Column("answers_set_by", sa.String(length=20), nullable=True))
    op.create_index("ix_documents_answers_id", "documents", ["answers_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_answers_id")
        batch.drop_column("answers_set_by")
        batch.drop_column("answers_id")
        batch.drop_column("due_date")
