#!/bin/bash
#SBATCH --job-name=balsam
#SBATCH --nodes={{ num_nodes }}
#SBATCH --time={{ wall_time_hms }}
#SBATCH --qos={{ queue }}
#SBATCH --account={{ project }}
#SBATCH --constraint=gpu
#SBATCH --gpus-per-node=4
{{# optional_params.reservation }}
#SBATCH --reservation={{ optional_params.reservation }}
{{/ optional_params.reservation }}
# Balsam batch-job script template (NERSC Perlmutter GPU), in Mustache: for each batch job the site's scheduler
# service replaces every variable name written in double curly braces, and submits the result with sbatch. Variables:
#   project, queue, num_nodes, wall_time_min, job_mode   the batch job's own values
#   wall_time_hms              the wall time as HH:MM:SS
#   launcher_command           the whole launcher line, shell-quoted: balsam launcher -j MODE -t MIN
#                              [--tag K=V]... [--part MODE:N[:K=V]]... (MIN = wall_time_min - 2, so the
#                              launcher ends its jobs and reports before the batch job is killed)
#   site_path, site_path_quoted              the site folder (raw; shell-quoted)
#   filter_tags (list of name, value), filter_tag_args, partitions, balsam_executable_quoted
#   optional_params.NAME, optional_params_quoted.NAME   scheduler.optional_batch_job_params of
#                              settings.yml, as set by `balsam queue submit -x NAME=VALUE` or defaulted
# In shell lines use the quoted forms. A section (# name, then / name, each in double braces) keeps its
# lines only when name is set. Edit freely (modules, environment): changes apply to the next batch job.

export BALSAM_SITE_PATH={{ site_path_quoted }}
cd "$BALSAM_SITE_PATH" || exit 1

echo "Balsam batch job: {{ num_nodes }} node(s), {{ wall_time_min }} min, job mode {{ job_mode }}; launcher starting at $(date)"
{{ launcher_command }}
echo "Balsam launcher done at $(date)"
