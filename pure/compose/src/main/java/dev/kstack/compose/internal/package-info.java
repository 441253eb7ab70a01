/** Internal: the stages of a load (interpolation, normalization, merging, extends, include, profiles, checks, binding). */
package dev.kstack.compose.internal;
