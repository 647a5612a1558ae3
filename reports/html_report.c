/* placeholder until implemented */ typedef int seam_placeholder_html_report;
