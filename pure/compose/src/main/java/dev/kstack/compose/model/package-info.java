/**
 * The compose model: records for the project's services, networks, volumes, secrets, configs and models.
 * The records are also the schema the loader validates against: {@link dev.kstack.compose.model.Syntax},
 * {@link dev.kstack.compose.model.Default} and {@link dev.kstack.compose.model.OneOf} say what syntax an
 * attribute accepts beyond its Java type.
 */
package dev.kstack.compose.model;
