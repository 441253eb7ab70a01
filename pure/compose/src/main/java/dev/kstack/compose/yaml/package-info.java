/** Internal: YAML 1.2 parsing into a tree of nodes that keep their file, line and column. */
package dev.kstack.compose.yaml;
