/** The consoles' paths and the lookup page's (the admins' console names it after 代点单): pages link to them, and the admins' console's sign-in returns to its own. */
export const TEAM_CONSOLE_PATH = '/team';
export const ADMIN_CONSOLE_PATH = '/console';
/** Finding a request again by its tracking code (GET shows the form, POST looks up); the console names it after 代点单. */
export const LOOKUP_PATH = '/lookup';
