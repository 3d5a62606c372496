/** The {@code demo} command: the whole pipeline in one process on embedded defaults. */
package dev.airtrace.cli.demo;
