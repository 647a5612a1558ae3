/* report.js - report.html's behaviour (embedded at build time). */
