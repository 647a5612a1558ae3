/*
 * version.h - seam's version, written in this one place.
 *
 * The top-level CMakeLists.txt reads the number from here for project(), so
 * the build and the binary (`seam --version`, model.json's tool.version, the
 * report's footer) cannot disagree.
 */
#ifndef SEAM_VERSION_H
#define SEAM_VERSION_H

#define SEAM_VERSION "0.1.0"

#endif
