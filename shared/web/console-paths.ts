/** The consoles' paths: pages link to them, and the admins' console's sign-in returns to its own. */
export const TEAM_CONSOLE_PATH = '/team';
export const ADMIN_CONSOLE_PATH = '/console';
