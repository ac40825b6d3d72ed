"""Airflow DAG for the Expansion Playbook on Spark.

Daily: ingest -> features -> queue -> measure, each one spark-submit of the same jar with --as-of {{ ds }}.
Weekly: recalibrate (the seeds' 90-day review runs on the recommendations it writes), then propensity (trains
and evaluates the learned model per expansion type on the same labelled history; docs/PROPENSITY.md), then maintain (compacts
small files and VACUUMs data files older than maintenance.vacuum_retention_hours, default 168 h: versions of the
last week stay restorable; it takes --as-of like the others and does not depend on it).

Copy this file into your DAGs folder and set the Airflow Variables:
  playbook_jar   path or URL of target/expansion-playbook-<version>-cluster.jar
  playbook_conf  path of the environment config on the Spark driver (e.g. /etc/playbook/cluster.yaml)
  delta_package  Delta Lake for the cluster, e.g. io.delta:delta-spark_2.13:4.3.1
and a Spark connection `spark_default` pointing at your cluster. Secrets (a JDBC password) stay in the
environment of the Spark driver, named by `password_env` in the config; they are never passed here.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

MAIN_CLASS = "dev.playbook.cli.Main"

DEFAULT_ARGS = {
    "owner": "revops-data",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "depends_on_past": False,
}

SPARK_CONF = {
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
}


def playbook_task(job, *extra):
    """One job of the pipeline: spark-submit --class dev.playbook.cli.Main <jar> <job> --as-of {{ ds }} --conf ..."""
    return SparkSubmitOperator(
        task_id=job,
        conn_id="spark_default",
        application="{{ var.value.playbook_jar }}",
        java_class=MAIN_CLASS,
        packages="{{ var.value.delta_package }}",
        conf=SPARK_CONF,
        application_args=[job, "--as-of", "{{ ds }}", "--conf", "{{ var.value.playbook_conf }}", *extra],
        name=f"playbook-{job}-{{{{ ds }}}}",
    )


with DAG(
    dag_id="expansion_playbook_daily",
    description="Expansion playbook: ingest -> features -> queue -> measure",
    start_date=datetime(2026, 1, 1),
    schedule="@daily",
    catchup=True,           # backfills are safe: each run replaces its own date and nothing else
    max_active_runs=1,      # one active run: the jobs of a date see the previous date's queue
    default_args=DEFAULT_ARGS,
    tags=["revops", "expansion"],
) as daily:
    ingest = playbook_task("ingest")
    features = playbook_task("features")
    queue = playbook_task("queue")
    measure = playbook_task("measure")
    ingest >> features >> queue >> measure

with DAG(
    dag_id="expansion_playbook_recalibrate",
    description="Expansion playbook: weekly threshold sweeps and recommendations, then table upkeep",
    start_date=datetime(2026, 1, 1),
    schedule="@weekly",
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["revops", "expansion"],
) as weekly:
    recalibrate = playbook_task("recalibrate")
    propensity = playbook_task("propensity")
    # Upkeep after recalibrate and propensity, so the two never write one table at once; should it meet a daily run on the
    # same table, the loser exits 5 and is retried.
    maintain = playbook_task("maintain")
    recalibrate >> propensity >> maintain
