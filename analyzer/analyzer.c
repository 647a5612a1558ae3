/* placeholder until implemented */ typedef int seam_placeholder_analyzer;
