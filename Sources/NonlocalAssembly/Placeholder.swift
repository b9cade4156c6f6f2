// placeholder so the target builds until the assembly lands
