package dev.latentj.convert;

/** Python's None on the unpickler stack (Java null is kept out of the VM to keep checks explicit). */
enum PyNone { NONE }
