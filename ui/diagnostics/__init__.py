"""The technician's diagnostics screens (issue 11): controller, views and worker jobs."""
